import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (100 on Linux almost everywhere). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessSample {
  /** User plus system CPU seconds since the process started. */
  cpuSeconds: number;
  /** Resident set size now, and its peak since the process started (VmHWM), in MiB. */
  rssMiB: number;
  peakRssMiB: number;
}

/** What the kernel says of one process; undefined once it is gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuSeconds, rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Samples a set of processes now and then (for the largest RSS seen while a phase runs) and
 * reports, per process, CPU seconds used and RSS between `start` and `stop`.
 */
export class ResourceMeter {
  /** Per name, each process's sample at the start. */
  private readonly first = new Map<string, Map<number, ProcessSample>>();
  private readonly maxRss = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  /**
   * `pids`: per name, one process or a group of them. A group's CPU is the sum of its processes'
   * CPU within the phase (one that started meanwhile counts whole, one that exited is lost); its
   * RSS is the sum of theirs.
   */
  constructor(private readonly pids: () => Map<string, number | readonly number[]>) {}

  start(intervalMs = 1000): void {
    this.first.clear();
    this.maxRss.clear();
    this.sample((name, samples) => this.first.set(name, samples));
    this.timer = setInterval(() => this.sample(() => undefined), intervalMs);
    this.timer.unref();
  }

  stop(): Record<string, { cpuSeconds: number; rssMiB: number; maxRssMiB: number }> {
    clearInterval(this.timer);
    const out: Record<string, { cpuSeconds: number; rssMiB: number; maxRssMiB: number }> = {};
    this.sample((name, samples) => {
      const before = this.first.get(name);
      if (!before) return;
      let cpuSeconds = 0;
      let rssMiB = 0;
      for (const [pid, s] of samples) {
        cpuSeconds += s.cpuSeconds - (before.get(pid)?.cpuSeconds ?? 0);
        rssMiB += s.rssMiB;
      }
      out[name] = { cpuSeconds, rssMiB, maxRssMiB: this.maxRss.get(name) ?? rssMiB };
    });
    return out;
  }

  private sample(each: (name: string, samples: Map<number, ProcessSample>) => void): void {
    for (const [name, pid] of this.pids()) {
      const samples = new Map<number, ProcessSample>();
      for (const p of typeof pid === 'number' ? [pid] : pid) {
        const s = sampleProcess(p);
        if (s) samples.set(p, s);
      }
      if (samples.size === 0) continue;
      const rss = [...samples.values()].reduce((sum, s) => sum + s.rssMiB, 0);
      this.maxRss.set(name, Math.max(this.maxRss.get(name) ?? 0, rss));
      each(name, samples);
    }
  }
}

/**
 * The machine's shared servers, as process groups: every PostgreSQL process (the whole server, so
 * other databases' work is in it too; a backend that exits during a phase takes its CPU time with
 * it) and the Kafka broker's JVM.
 */
export function serverProcesses(): Map<string, number[]> {
  const groups = new Map<string, number[]>([
    ['postgresql (server)', []],
    ['kafka broker', []],
  ]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // A backend's title ("postgres: 15/main: …") replaces its argv; the postmaster keeps its path.
    const argv0 = cmdline.split('\0')[0];
    const program = argv0.startsWith('postgres') ? argv0 : (argv0.split('/').pop() ?? '');
    if (program.startsWith('postgres')) groups.get('postgresql (server)')!.push(Number(entry));
    else if (cmdline.includes('java') && cmdline.includes('kafka')) groups.get('kafka broker')!.push(Number(entry));
  }
  return groups;
}
