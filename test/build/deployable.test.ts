// Proves that `npm run build && twilio serverless:deploy` uploads exactly what we mean to upload,
// by asking the deploy tool's own code: twilio-run reads .twilioserverlessrc, and
// @twilio-labs/serverless-api's fsHelpers.getListOfFunctionsAndAssets lists the files to upload.
import { fsHelpers } from '@twilio-labs/serverless-api';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { readSpecializedConfig } from 'twilio-run/dist/config/global';
import { build, listFiles, ROOT_DIR, serviceIgnore } from '../../scripts/build';

type Access = 'public' | 'protected' | 'private';

/** Twilio's naming rule, restated: x.protected.ts → /x protected; x.private.ts → /x private. */
function intendedRoute(file: string, keepExtension: boolean): { path: string; access: Access } {
  const ext = path.posix.extname(file);
  const stem = file.slice(0, -ext.length);
  const match = /^(.*)\.(protected|private)$/.exec(stem);
  const route = match ? match[1] : stem;
  return {
    path: '/' + route + (keepExtension ? ext : ''),
    access: (match ? match[2] : 'public') as Access,
  };
}

const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
const summary = (resources: { path: string; access: string }[]) =>
  resources.map(({ path, access }) => ({ path, access })).sort(byPath);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the build is deployable', () => {
  let project: string; // a scratch project root whose dist/ the deploy tool inspects
  let folders: { functionsFolder?: string; assetsFolder?: string };

  beforeAll(async () => {
    const deploy = readSpecializedConfig(ROOT_DIR, '', 'deploy');
    const start = readSpecializedConfig(ROOT_DIR, '', 'start');
    folders = { functionsFolder: deploy.functionsFolder, assetsFolder: deploy.assetsFolder };
    expect(folders).toEqual({ functionsFolder: 'dist/functions', assetsFolder: 'dist/assets' });
    expect(start).toMatchObject(folders);

    project = await mkdtemp(path.join(os.tmpdir(), 'deployable-'));
    await build({ outDir: path.join(project, 'dist') });
  });
  afterAll(() => rm(project, { recursive: true, force: true }));

  const uploads = () =>
    fsHelpers.getListOfFunctionsAndAssets(project, {
      functionsFolderNames: [folders.functionsFolder ?? 'functions'],
      assetsFolderNames: [folders.assetsFolder ?? 'assets'],
    });

  it('uploads exactly one Function per functions/*.ts, with the visibility its name asks for', async () => {
    const sources = (await listFiles(path.join(ROOT_DIR, 'functions'))).filter((f) =>
      f.endsWith('.ts'),
    );
    expect(sources.length).toBeGreaterThan(0);
    const { functions } = await uploads();
    expect(summary(functions)).toEqual(sources.map((f) => intendedRoute(f, false)).sort(byPath));
    for (const fn of functions) expect(fn.filePath).toMatch(/\.js$/);
  });

  it('uploads exactly assets/ minus .twilioserviceignore', async () => {
    const isIgnored = await serviceIgnore(ROOT_DIR);
    const intended = (await listFiles(path.join(ROOT_DIR, 'assets')))
      .filter((f) => !isIgnored(`assets/${f}`))
      .map((f) => intendedRoute(f, true));
    const { assets } = await uploads();
    expect(summary(assets)).toEqual(intended.sort(byPath));
  });

  it('uploads no TypeScript, no .env and nothing .twilioserviceignore lists', async () => {
    const isIgnored = await serviceIgnore(ROOT_DIR);
    const { functions, assets } = await uploads();
    for (const file of [...functions, ...assets]) {
      const relative = path.relative(path.join(project, 'dist'), file.filePath);
      expect(relative).not.toMatch(/\.ts$/);
      expect(path.basename(relative)).not.toMatch(/^\.env/);
      expect(isIgnored(relative.split(path.sep).join('/'))).toBe(false);
    }
  });

  it('ships Functions that need only Node built-ins and package.json dependencies', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT_DIR, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const { functions } = await uploads();
    for (const fn of functions) {
      const code = await readFile(fn.filePath, 'utf8');
      // A computed require would escape this check; the bundler never emits one for our code.
      expect(code).not.toMatch(/\brequire\((?!["'])/);
      const specifiers = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      for (const specifier of specifiers) {
        const allowed = isBuiltin(specifier) || packageName(specifier) in pkg.dependencies;
        expect({ file: fn.path, specifier, allowed }).toEqual({
          file: fn.path,
          specifier,
          allowed: true,
        });
      }
    }
  });
});

describe('the build on a fixture project', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'build-fixture-'));
    const files: Record<string, string> = {
      'functions/open.ts': `import { shout } from '../lib/shout';\nexport const handler = (_c: unknown, _e: unknown, cb: (e: null, b: string) => void) => cb(null, shout('hi'));\n`,
      'functions/admin/panel.protected.ts': `import twilio from 'twilio';\nexport const handler = () => twilio;\n`,
      'functions/hidden.private.ts': `export const handler = () => undefined;\n`,
      'lib/shout.ts': `export const shout = (s: string) => s.toUpperCase() + '!';\n`,
      'assets/index.html': '<h1>hi</h1>',
      'assets/app.js': 'console.log(1)',
      'assets/app.js.map': '{}',
      'assets/.env': 'SECRET=fake',
      'assets/drafts/plan.html': 'draft',
      'assets/styles/site.private.css': 'body{}',
    };
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), content);
    }
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const list = () =>
    fsHelpers.getListOfFunctionsAndAssets(root, {
      functionsFolderNames: ['dist/functions'],
      assetsFolderNames: ['dist/assets'],
    });

  it('maps file names to routes and visibility, bundling relative imports and keeping packages external', async () => {
    await build({ rootDir: root });
    const { functions } = await list();
    expect(summary(functions)).toEqual([
      { path: '/admin/panel', access: 'protected' },
      { path: '/hidden', access: 'private' },
      { path: '/open', access: 'public' },
    ]);
    const open = await readFile(path.join(root, 'dist/functions/open.js'), 'utf8');
    expect(open).not.toMatch(/require\(["']\.{1,2}\//);
    expect(open).toContain('toUpperCase');
    const panel = await readFile(
      path.join(root, 'dist/functions/admin/panel.protected.js'),
      'utf8',
    );
    expect(panel).toMatch(/require\(["']twilio["']\)/);
  });

  it('leaves out exactly what .twilioserviceignore lists (gitignore semantics)', async () => {
    await build({ rootDir: root });
    const everything = summary((await list()).assets).map((a) => a.path);
    expect(everything).toContain('/.env'); // without an ignore list every asset is uploaded

    await writeFile(
      path.join(root, '.twilioserviceignore'),
      ['# comments and blank lines are fine', '', '.env', '*.map', '/assets/drafts/'].join('\n'),
    );
    const result = await build({ rootDir: root });
    expect(result.ignoredAssets.sort()).toEqual(['.env', 'app.js.map', 'drafts/plan.html']);
    expect(summary((await list()).assets)).toEqual([
      { path: '/app.js', access: 'public' },
      { path: '/index.html', access: 'public' },
      { path: '/styles/site.css', access: 'private' },
    ]);
  });
});
