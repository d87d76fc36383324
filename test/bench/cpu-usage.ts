import fs from 'node:fs';

/** CPU seconds used so far by the parts of a benchmark on this machine (Linux /proc). */
export interface CpuSample {
  service: number;
  postgres: number;
  client: number;
  /** The whole machine: busy and all (every core). */
  busy: number;
  all: number;
}

const TICK = 100; // USER_HZ: /proc counts in 1/100 s on Linux

function statOf(pid: string): { comm: string; seconds: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const fields = s.slice(close + 2).split(' ');
    // after "pid (comm) ": state is field 3, utime and stime are fields 14 and 15
    return { comm: s.slice(s.indexOf('(') + 1, close), seconds: (Number(fields[11]) + Number(fields[12])) / TICK };
  } catch {
    return null;
  }
}

export function sampleCpu(servicePid: number): CpuSample {
  let postgres = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const st = statOf(pid);
    if (st?.comm === 'postgres') postgres += st.seconds;
  }
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const all = cpu.reduce((a, b) => a + b, 0) / TICK;
  const idle = (cpu[3] + cpu[4]) / TICK;
  const usage = process.cpuUsage();
  return {
    service: statOf(String(servicePid))?.seconds ?? 0,
    postgres,
    client: (usage.user + usage.system) / 1e6,
    busy: all - idle,
    all,
  };
}

/** CPU between two samples, per unit of work (ms), and how busy the machine was (in cores). */
export function cpuPer(a: CpuSample, b: CpuSample, units: number, seconds: number): string {
  const ms = (x: number) => ((x * 1000) / Math.max(units, 1)).toFixed(2);
  return (
    `CPU per payment: service ${ms(b.service - a.service)} ms, PostgreSQL ${ms(b.postgres - a.postgres)} ms, client ${ms(b.client - a.client)} ms; ` +
    `machine busy ${((b.busy - a.busy) / seconds).toFixed(2)} cores`
  );
}

export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}
