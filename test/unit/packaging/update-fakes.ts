import type {
  CancelTimer,
  JobActivity,
  Timers,
  UpdateLogger,
  UpdateNotice,
  UpdateNotifier,
  Updater,
  UpdaterHandlers,
} from '../../../main/update/update-policy.js';
import type { UpdateStatus } from '../../../shared/domain/update-status.js';

/** Stands in for electron-updater: records calls and lets a test emit its events. */
export class FakeUpdater implements Updater {
  configured: { autoDownload: boolean; autoInstallOnAppQuit: boolean } | undefined;
  handlers: UpdaterHandlers | undefined;
  checks = 0;
  installs = 0;
  /** What the next checkForUpdates() does; resolves by default. */
  nextCheck: () => Promise<unknown> = () => Promise.resolve(null);
  installThrows: Error | undefined;

  configure(options: { autoDownload: boolean; autoInstallOnAppQuit: boolean }): void {
    this.configured = { ...options };
  }
  subscribe(handlers: UpdaterHandlers): void {
    this.handlers = handlers;
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.nextCheck();
  }
  quitAndInstall(): void {
    if (this.installThrows) throw this.installThrows;
    this.installs += 1;
  }
  get emit(): UpdaterHandlers {
    if (!this.handlers) throw new Error('policy did not subscribe to the updater');
    return this.handlers;
  }
}

/** Stands in for the job queue. */
export class FakeJobs implements JobActivity {
  sending = false;
  private listeners = new Set<() => void>();
  isSending(): boolean {
    return this.sending;
  }
  onIdle(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get idleListeners(): number {
    return this.listeners.size;
  }
  /** A send ends: the queue reports idle to whoever listens. */
  finishSending(): void {
    this.sending = false;
    this.reportIdle();
  }
  /** Delivers the idle signal as it stands (e.g. late, after the next job already started). */
  reportIdle(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

interface FakeTimer {
  readonly kind: 'timeout' | 'interval';
  readonly ms: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Timers the test fires by hand: the policy's schedule is data, not waiting. */
export class FakeTimers implements Timers {
  readonly all: FakeTimer[] = [];
  setTimeout(callback: () => void, ms: number): CancelTimer {
    return this.add('timeout', callback, ms);
  }
  setInterval(callback: () => void, ms: number): CancelTimer {
    return this.add('interval', callback, ms);
  }
  private add(kind: FakeTimer['kind'], callback: () => void, ms: number): CancelTimer {
    const timer: FakeTimer = { kind, ms, callback, cancelled: false };
    this.all.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
  active(kind: FakeTimer['kind']): FakeTimer[] {
    return this.all.filter((timer) => timer.kind === kind && !timer.cancelled);
  }
  fire(kind: FakeTimer['kind']): void {
    for (const timer of this.active(kind)) timer.callback();
  }
}

export class FakeNotifier implements UpdateNotifier {
  readonly statuses: UpdateStatus[] = [];
  readonly notices: UpdateNotice[] = [];
  status(status: UpdateStatus): void {
    this.statuses.push(status);
  }
  notice(notice: UpdateNotice): void {
    this.notices.push(notice);
  }
  get last(): UpdateStatus | undefined {
    return this.statuses.at(-1);
  }
}

export class FakeLogger implements UpdateLogger {
  readonly lines: Array<{ level: 'info' | 'warn'; message: string; detail?: Readonly<Record<string, unknown>> }> = [];
  info(message: string, detail?: Readonly<Record<string, unknown>>): void {
    this.lines.push({ level: 'info', message, ...(detail ? { detail } : {}) });
  }
  warn(message: string, detail?: Readonly<Record<string, unknown>>): void {
    this.lines.push({ level: 'warn', message, ...(detail ? { detail } : {}) });
  }
  get warnings(): string[] {
    return this.lines.filter((line) => line.level === 'warn').map((line) => line.message);
  }
}

/** Lets pending promise callbacks (a rejected check, say) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}
