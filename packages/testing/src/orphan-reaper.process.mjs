// Watchdog process of orphan-guard.ts (plain JavaScript so it starts without a TypeScript loader).
//
// Its stdin is a pipe whose only writer is the guarded process. Whatever way that process ends —
// a clean exit, an uncaught error, SIGTERM, even SIGKILL — the kernel closes the pipe, we read
// EOF, and then stop every process and remove every directory that is still registered.
//
// Protocol: one JSON object per line:
//   {"op":"track","id":1,"pid":123,"group":true,"signal":"SIGTERM"}
//   {"op":"track","id":2,"dir":"/tmp/x"}
//   {"op":"release","id":1}
import { readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';

const tracked = new Map();

function send(entry, signal) {
  try {
    process.kill(entry.group ? -entry.pid : entry.pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

// A killed orphan stays a zombie until init reaps it (slowly, in some containers): that counts
// as gone.
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function reap() {
  const processes = [...tracked.values()].filter((entry) => entry.pid);
  const dirs = [...tracked.values()].filter((entry) => entry.dir);
  for (const entry of processes) send(entry, entry.signal || 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (processes.some((entry) => alive(entry.pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const entry of processes) if (alive(entry.pid)) send(entry, 'SIGKILL');
  for (const entry of dirs) {
    try {
      rmSync(entry.dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done from here.
    }
  }
  process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.op === 'track') tracked.set(message.id, message);
  else if (message.op === 'release') tracked.delete(message.id);
});
lines.on('close', () => void reap());
