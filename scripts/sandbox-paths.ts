import path from 'node:path';

export const ROOT_DIR = path.resolve(__dirname, '..');
/** Written by `npm start` in emulator mode: the Functions' env (gitignored with .sandbox/). */
export const SANDBOX_ENV_FILE = path.join(ROOT_DIR, '.sandbox', '.env');
