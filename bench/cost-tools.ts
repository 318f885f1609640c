/** What bench/cost.ts measures with: percentiles, a process's CPU and memory from /proc, child processes. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Child } from '../test/support/processes.js';

/** The p-th percentile (nearest rank). */
export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

/** Rounded to one decimal. */
export const r1 = (n: number) => Math.round(n * 10) / 10;

/** CPU milliseconds (user + system) a process has used so far, from /proc. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}

/** Resident memory now and its high-water mark, in MB. */
export function rssMb(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(s.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0);
  return { rss: r1(kb('VmRSS') / 1024), hwm: r1(kb('VmHWM') / 1024) };
}

/** `node --import tsx <script>` that prints `listening on <url>`; its url. */
export async function startScript(script: string): Promise<Child & { url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), 30_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = out.match(/listening on (\S+)/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  return {
    process: child,
    pid: child.pid ?? -1,
    url,
    output: () => '',
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** POSTs an activity; the HTTP status, the invoke's status code and the time to the answer. */
export async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; code?: number; ms: number }> {
  const t = performance.now();
  try {
    const res = await fetch(url.endsWith('/api/messages') ? url : `${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { statusCode?: number }) : undefined;
    return {
      status: res.status,
      ...(json?.statusCode ? { code: json.statusCode } : {}),
      ms: performance.now() - t,
    };
  } catch {
    return { status: 0, ms: performance.now() - t };
  }
}
