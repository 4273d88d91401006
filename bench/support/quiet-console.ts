// The breaker and the Functions runtime print JSON lines on the console (one per decision). A
// benchmark keeps them out of its output but may read them: they carry the audit events.

export interface CapturedConsole {
  /** Lines printed with console.log/info/debug since the capture started (bounded). */
  lines: string[];
  /** Lines printed with console.warn/error: shown at the end, since they may explain a figure. */
  problems: string[];
  restore(): void;
}

const MAX_LINES = 100_000;

export function captureConsole(): CapturedConsole {
  const saved = {
    log: console.log,
    info: console.info,
    debug: console.debug,
    warn: console.warn,
    error: console.error,
  };
  const captured: CapturedConsole = {
    lines: [],
    problems: [],
    restore: () => Object.assign(console, saved),
  };
  const keep =
    (into: string[]) =>
    (...args: unknown[]) => {
      if (into.length < MAX_LINES) into.push(args.map(String).join(' '));
    };
  console.log = keep(captured.lines);
  console.info = keep(captured.lines);
  console.debug = keep(captured.lines);
  console.warn = keep(captured.problems);
  console.error = keep(captured.problems);
  return captured;
}
