/**
 * Bundles the meeting tab (side panel, stage, configuration page) with esbuild into tab/dist.
 * `npm run build:tab` runs it; the bot also runs it at start-up when tab/dist is missing or older
 * than the sources (about 100 ms), so `npm install && npm start` is all a new user needs.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** tab/ in the source tree (also when this file runs compiled from elsewhere). */
export const TAB_ROOT = existsSync(join(__dirname, 'src'))
  ? resolve(__dirname)
  : resolve(process.cwd(), 'tab');
export const TAB_SRC = join(TAB_ROOT, 'src');
export const TAB_DIST = join(TAB_ROOT, 'dist');
const ENTRIES = ['panel', 'stage', 'config'];
const STATIC = /\.(html|css|svg)$/;

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

/** True when tab/dist holds every page and is newer than every source file. */
export function tabIsBuilt(): boolean {
  if (!existsSync(TAB_DIST)) return false;
  if (!ENTRIES.every((e) => existsSync(join(TAB_DIST, `${e}.js`)) && existsSync(join(TAB_DIST, `${e}.html`))))
    return false;
  return newest(TAB_DIST) >= newest(TAB_SRC);
}

/** Builds tab/dist (minified, ES2020, one bundle per page) and copies the HTML and CSS. Returns ms taken. */
export async function buildTab(opts: { force?: boolean } = {}): Promise<number> {
  const started = Date.now();
  if (!opts.force && tabIsBuilt()) return 0;
  const esbuild = await import('esbuild');
  mkdirSync(TAB_DIST, { recursive: true });
  await esbuild.build({
    entryPoints: ENTRIES.map((e) => join(TAB_SRC, `${e}.ts`)),
    outdir: TAB_DIST,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    logLevel: 'warning',
    legalComments: 'none',
  });
  for (const f of readdirSync(TAB_SRC)) if (STATIC.test(f)) copyFileSync(join(TAB_SRC, f), join(TAB_DIST, f));
  return Date.now() - started;
}

if (require.main === module) {
  buildTab({ force: true }).then(
    (ms) => console.log(`tab built into ${TAB_DIST} in ${ms} ms`),
    (err: unknown) => {
      console.error('tab build failed:', err);
      process.exit(1);
    },
  );
}
