// Reads .env.example, which documents every variable in Twilio's function-templates format: comment
// lines `# description:`, `# format:`, `# link:`, `# required:` right above `NAME=default`. The test
// that keeps the code and the file in step and the deploy preflight both read it through this.

export interface DocumentedVariable {
  name: string;
  /** The value after `=` in .env.example ('' for most). */
  example: string;
  /** The comment lines right above it, trimmed. */
  comments: string[];
  required: boolean;
  /** e.g. sid, secret, url, json, list(sid); '' when not given. */
  format: string;
}

const field = (comments: string[], name: string) =>
  comments
    .find((c) => c.startsWith(`# ${name}:`))
    ?.slice(name.length + 3)
    .trim() ?? '';

/** Variable name → its documentation, in file order. */
export function documentedVariables(text: string): Map<string, DocumentedVariable> {
  const documented = new Map<string, DocumentedVariable>();
  let comments: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const assignment = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(trimmed);
    if (trimmed.startsWith('#')) comments.push(trimmed);
    else if (assignment) {
      const [, name, example] = assignment;
      documented.set(name, {
        name,
        example,
        comments,
        required: field(comments, 'required') === 'true',
        format: field(comments, 'format'),
      });
      comments = [];
    } else comments = [];
  }
  return documented;
}
