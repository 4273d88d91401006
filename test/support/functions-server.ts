// Serves the built Functions the way `twilio-run start` does, on a random loopback port, for tests.
//
// twilio-run's CLI path is `createLocalDevelopmentServer` (twilio-run/dist/runtime/server.js): list
// the routes with @twilio-labs/serverless-api's fsHelpers, then hand them to @twilio/runtime-handler's
// LocalDevelopmentServer. We do the same two steps minus the file watcher it starts and never closes.
// (twilio-run's exported `runDevServer` is its deprecated server, which uses twilio-run's nested
// twilio 4.x instead of the project's runtime-handler and twilio — not what the CLI runs.)
import { fsHelpers } from '@twilio-labs/serverless-api';
import type { LocalDevelopmentServer as DevServer } from '@twilio/runtime-handler/dist/dev-runtime/server';
import type { ServerConfig } from '@twilio/runtime-handler/dist/dev-runtime/types';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build, ROOT_DIR } from '../../scripts/build';

// The package's "exports" only expose ./dev, which TypeScript's node10 resolution cannot see.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LocalDevelopmentServer } = require('@twilio/runtime-handler/dev') as {
  LocalDevelopmentServer: typeof DevServer;
};

export interface StartFunctionsOptions {
  /** The Functions' context env, e.g. `emulatorEnv(emulator)` from scripts/emulator-env.ts plus extras. */
  env?: Record<string, string | undefined>;
  /**
   * 'in-process' (default, fast): handlers run in this process, like `--no-fork-process`.
   * 'forked': one child process per request, like `twilio-run start`'s default.
   * In-process, the runtime's globals (Runtime, Twilio) belong to the last server started: run one at a time.
   */
  mode?: 'in-process' | 'forked';
  /** Serve Functions built from this folder (a test fixture) instead of functions/. */
  functionsDir?: string;
}

export interface FunctionsServer {
  /** http://127.0.0.1:<port>; a Function functions/x.ts answers at `${url}/x`. */
  url: string;
  stop(): Promise<void>;
}

interface CachedBuild {
  outDir: Promise<string>;
  users: number;
}

// One build per functions folder while any server uses it. It lives inside the project
// (node_modules/.cache) because the bundles require npm packages from the project's node_modules.
const builds = new Map<string, CachedBuild>();

function acquireBuild(functionsDir: string): Promise<string> {
  let cached = builds.get(functionsDir);
  if (!cached) {
    const outDir = path.join(ROOT_DIR, 'node_modules', '.cache', 'functions-server', randomUUID());
    cached = { outDir: build({ functionsDir, outDir }).then(() => outDir), users: 0 };
    builds.set(functionsDir, cached);
  }
  cached.users += 1;
  return cached.outDir;
}

async function releaseBuild(functionsDir: string): Promise<void> {
  const cached = builds.get(functionsDir);
  if (!cached || --cached.users > 0) return;
  builds.delete(functionsDir);
  rmSync(await cached.outDir, { recursive: true, force: true });
}

const quietLogger = {
  debug: () => undefined,
  info: (msg: string) => console.info(msg),
  warn: (msg: string) => console.warn(msg),
  error: (msg: string) => console.error(msg),
  log: (msg: string) => console.log(msg),
};

export async function startFunctions(
  options: StartFunctionsOptions = {},
): Promise<FunctionsServer> {
  const functionsDir = path.resolve(options.functionsDir ?? path.join(ROOT_DIR, 'functions'));
  let outDir: string;
  try {
    outDir = await acquireBuild(functionsDir);
  } catch (err) {
    await releaseBuild(functionsDir).catch(() => undefined);
    throw err;
  }
  const routes = await fsHelpers.getListOfFunctionsAndAssets(outDir, {
    functionsFolderNames: ['functions'],
    assetsFolderNames: ['assets'],
  });

  // Listen first: the Functions' DOMAIN_NAME (and so signed callback URLs) must carry the real port.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const env = Object.fromEntries(
    Object.entries(options.env ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const config: ServerConfig = {
    baseDir: ROOT_DIR,
    env,
    port,
    url,
    detailedLogs: false,
    live: false,
    logs: false,
    legacyMode: false,
    appName: 'functions-server',
    forkProcess: options.mode === 'forked',
    logger: quietLogger,
    routes,
    enableDebugLogs: false,
  };
  server.on('request', new LocalDevelopmentServer(port, config).getApp());

  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await releaseBuild(functionsDir);
    },
  };
}
