import { fileURLToPath } from 'node:url';

export const FIXTURE_ROOT = fileURLToPath(new URL('./fixtures/repo', import.meta.url));

export interface FixtureReport {
  name: string;
  pid: number;
  grandchildPid: number;
  starts: number;
  notReadyAnswers: number;
  env: Record<string, string>;
}

/** What a fixture service reports about itself (its env, pids, starts). */
export async function report(baseUrl: string): Promise<FixtureReport> {
  const response = await fetch(new URL('/env', baseUrl));
  return (await response.json()) as FixtureReport;
}

/** Collects child output lines by service, for `output: collector.sink`. */
export function collector() {
  const lines: { service: string; line: string }[] = [];
  return {
    lines,
    sink: (service: string, line: string) => void lines.push({ service, line }),
    of: (service: string) => lines.filter((entry) => entry.service === service).map((entry) => entry.line),
  };
}

/** nats-server prefixes its log lines with `[pid]`. */
export function natsPidFromLog(lines: string[]): number | undefined {
  const match = lines.map((line) => /^\[(\d+)\]/.exec(line)).find(Boolean);
  return match ? Number(match[1]) : undefined;
}

/** Pid a fixture service printed at start-up. */
export function pidFromLog(lines: string[]): number | undefined {
  const match = lines.map((line) => /starting with pid (\d+)/.exec(line)).find(Boolean);
  return match ? Number(match[1]) : undefined;
}
