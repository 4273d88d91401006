// The commands' flags, read with node:util parseArgs, with messages a person can act on instead of
// Node's ("Option '--price <value>' argument is ambiguous…"): an unknown option is named, a missing
// value asked for, and a negative number (--price -5) reaches the command's own check.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--price -5` → `--price=-5`: parseArgs would take "-5" for an option. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i].replace(/^--/, '');
    const takesValue = argv[i].startsWith('--') && options[flag]?.type === 'string';
    if (takesValue && /^-\d|^-\.\d/.test(argv[i + 1] ?? '')) {
      joined.push(`${argv[i]}=${argv[i + 1]}`);
      i += 1;
    } else joined.push(argv[i]);
  }
  return joined;
}

export function parseCommandArgs<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Unknown option ${option}.`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = option.replace(/^--/, '');
      throw new UsageError(
        options[name]?.type === 'boolean'
          ? `${option} takes no value.`
          : `${option} needs a value, e.g. ${option} <value>.`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const word = /'([^']+)'/.exec(message)?.[1] ?? '';
      throw new UsageError(
        `Unexpected "${word}": every value follows its option, e.g. --url <URL>.`,
      );
    }
    throw error;
  }
}
