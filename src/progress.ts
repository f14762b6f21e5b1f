// How far a build is, on stderr: a progress bar on a terminal (the current stage and what it is
// doing, documents or passages done, MB/s and the time left in that phase), a plain line every few
// seconds otherwise (logs, CI), nothing with --quiet. Fed by the runner's ProgressEvents.
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './pipeline/runner.ts';

export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  /** Ends the display (the bar is cleared), before the build's summary is printed. */
  stop(): void;
}

export interface ProgressOptions {
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Between two plain lines (not a terminal). */
  intervalMs?: number;
  /** A bar even if the stream is not a terminal (tests). */
  tty?: boolean;
}

const MB = 1024 * 1024;

/** Seconds as "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** What a display shows of an event: the fields of a line and of the bar. */
export interface ProgressView {
  label: string;
  items: string;
  /** Share done, 0 to 1, or null when the phase counts nothing. */
  share: number | null;
  speed: string;
  eta: string;
}

/** Turns events into views, measuring each phase's rate from its own start. */
export class ProgressMeter {
  private phase = '';
  private started = 0;
  constructor(private readonly now: () => number = () => performance.now()) {}

  view(e: ProgressEvent): ProgressView {
    const key = `${e.stage}\0${e.phase}`;
    if (key !== this.phase) {
      this.phase = key;
      this.started = this.now();
    }
    const seconds = (this.now() - this.started) / 1000;
    const label = e.phase && e.phase !== e.stage ? `${e.stage}: ${e.phase}` : e.stage;
    const items = e.total > 0 ? `${e.done}/${e.total} ${e.unit}` : e.documentsTotal > 0 ? `${e.documentsDone}/${e.documentsTotal} documents` : '';
    const [done, total] = e.bytesTotal > 0 ? [e.bytesDone, e.bytesTotal] : [e.done, e.total];
    const share = total > 0 ? Math.min(1, done / total) : null;
    let speed = '';
    let eta = '';
    if (seconds > 0.5 && done > 0 && total > 0) {
      const rate = done / seconds;
      speed = e.bytesTotal > 0 ? `${(rate / MB).toFixed(2)} MB/s` : `${rate.toFixed(1)} ${e.unit}/s`;
      eta = `ETA ${formatDuration((total - done) / rate)}`;
    }
    return { label, items, share, speed, eta };
  }
}

export function progressDisplay(options: ProgressOptions = {}): ProgressDisplay {
  if (options.quiet) return { update: () => {}, stop: () => {} };
  const stream = options.stream ?? process.stderr;
  const meter = new ProgressMeter();
  if (options.tty ?? stream.isTTY) {
    const SCALE = 1000;
    const bar = new cliProgress.SingleBar(
      {
        stream,
        // Not {eta} or {percentage}: cli-progress's own tokens (its ETA is of the bar's value).
        format: '{label} [{bar}] {pct} {items} {speed} {left}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        fps: 5,
        noTTYOutput: options.tty === true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(e) {
        const v = meter.view(e);
        const payload = { label: v.label, items: v.items, pct: v.share === null ? '' : `${Math.floor(v.share * 100)}%`, speed: v.speed, left: v.eta };
        const value = Math.round((v.share ?? 0) * SCALE);
        if (!started) {
          bar.start(SCALE, value, payload);
          started = true;
        } else bar.update(value, payload);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  const interval = options.intervalMs ?? 5000;
  const t0 = performance.now();
  let last = t0;
  return {
    update(e) {
      const v = meter.view(e);
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      const parts = [v.items, v.share === null ? '' : `${Math.floor(v.share * 100)}%`, v.speed, v.eta].filter(Boolean);
      stream.write(`corpus: [${formatDuration((now - t0) / 1000)}] ${v.label}${parts.length ? ` ${parts.join(', ')}` : ''}\n`);
    },
    stop() {},
  };
}
