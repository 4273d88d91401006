// `npm run build`: turns functions/*.ts into self-contained CommonJS files in dist/functions (deployed
// Functions cannot resolve relative requires, so our own code is bundled in and only npm packages
// stay external — the deploy installs those from package.json `dependencies`), and copies assets/
// into dist/assets minus what .twilioserviceignore lists. No Twilio tool reads that file: this build
// is what gives it meaning. .twilioserverlessrc points `twilio-run start` and deploy at dist/.
import { build as esbuild } from 'esbuild';
import ignore from 'ignore';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from './sandbox-paths';

export { ROOT_DIR };

export const SERVICE_IGNORE_FILE = '.twilioserviceignore';

export interface BuildOptions {
  /** Project root: where functions/, assets/ and .twilioserviceignore are. */
  rootDir?: string;
  /** Defaults to <rootDir>/functions. */
  functionsDir?: string;
  /** Defaults to <rootDir>/assets. */
  assetsDir?: string;
  /** Emptied first. Defaults to <rootDir>/dist. Keep it inside the project so requires of npm packages resolve. */
  outDir?: string;
}

export interface BuildResult {
  outDir: string;
  /** Paths relative to outDir, '/'-separated, e.g. functions/health.js */
  functions: string[];
  assets: string[];
  /** Asset paths (relative to the assets folder) that .twilioserviceignore kept out. */
  ignoredAssets: string[];
}

/** Files under `dir`, relative to it and '/'-separated; a missing folder is empty. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    },
  );
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .sort();
}

/**
 * A matcher for .twilioserviceignore (gitignore syntax, via the `ignore` package). Patterns are
 * relative to the project root, like .gitignore: `*.map` anywhere, `/assets/drafts/` one folder.
 */
export async function serviceIgnore(
  rootDir: string,
): Promise<(rootRelativePath: string) => boolean> {
  const rules = await readFile(path.join(rootDir, SERVICE_IGNORE_FILE), 'utf8').catch(() => '');
  const matcher = ignore().add(rules);
  return (rootRelativePath) => matcher.ignores(rootRelativePath);
}

async function bundleFunctions(functionsDir: string, outDir: string): Promise<string[]> {
  const sources = (await listFiles(functionsDir)).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.d.ts'),
  );
  if (sources.length === 0) return [];
  await esbuild({
    entryPoints: sources.map((file) => path.join(functionsDir, file)),
    outbase: functionsDir,
    outdir: path.join(outDir, 'functions'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    // npm packages are installed by the deploy from `dependencies`; bundling them would ship a
    // second copy of twilio beside the one the runtime hands to getTwilioClient().
    packages: 'external',
    logLevel: 'warning',
  });
  return sources.map((file) => `functions/${file.replace(/\.ts$/, '.js')}`);
}

async function copyAssets(rootDir: string, assetsDir: string, outDir: string) {
  const isIgnored = await serviceIgnore(rootDir);
  const relativeToRoot = path.relative(rootDir, assetsDir).split(path.sep).join('/');
  const assets: string[] = [];
  const ignoredAssets: string[] = [];
  await mkdir(path.join(outDir, 'assets'), { recursive: true });
  for (const file of await listFiles(assetsDir)) {
    if (isIgnored(`${relativeToRoot}/${file}`)) {
      ignoredAssets.push(file);
      continue;
    }
    await cp(path.join(assetsDir, file), path.join(outDir, 'assets', file));
    assets.push(`assets/${file}`);
  }
  return { assets, ignoredAssets };
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const rootDir = path.resolve(options.rootDir ?? ROOT_DIR);
  const functionsDir = path.resolve(options.functionsDir ?? path.join(rootDir, 'functions'));
  const assetsDir = path.resolve(options.assetsDir ?? path.join(rootDir, 'assets'));
  const outDir = path.resolve(options.outDir ?? path.join(rootDir, 'dist'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'functions'), { recursive: true });
  const functions = await bundleFunctions(functionsDir, outDir);
  const { assets, ignoredAssets } = await copyAssets(rootDir, assetsDir, outDir);
  return { outDir, functions, assets, ignoredAssets };
}

if (require.main === module) {
  build()
    .then((result) => {
      const rel = path.relative(process.cwd(), result.outDir) || '.';
      console.log(
        `Built ${result.functions.length} Function(s) and ${result.assets.length} asset(s) into ${rel}/` +
          (result.ignoredAssets.length
            ? ` (${result.ignoredAssets.length} left out by ${SERVICE_IGNORE_FILE})`
            : ''),
      );
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
