import type { JobProgress, JobSummary } from '../../shared/domain/job.js';

/** A job stopped on a rejected token or a missing permission: someone has to act on the Connect screen. */
export interface ConnectionNeeded {
  site: string;
  jobId: string;
  reason: 'auth' | 'forbidden';
  message: string;
}

/** What the core tells its front ends. The IPC adapter forwards these to the window; the CLI prints them. */
export interface CoreEventMap {
  jobProgress: JobProgress;
  jobsChanged: JobSummary[];
  connectionNeeded: ConnectionNeeded;
}
export type CoreEventName = keyof CoreEventMap;

export interface CoreEvents {
  on<E extends CoreEventName>(name: E, listener: (payload: CoreEventMap[E]) => void): () => void;
}

export interface CoreEventStream extends CoreEvents {
  emit<E extends CoreEventName>(name: E, payload: CoreEventMap[E]): void;
}

export function createCoreEventStream(onListenerError: (name: CoreEventName, error: unknown) => void): CoreEventStream {
  const listeners = new Map<CoreEventName, Set<(payload: never) => void>>();
  return {
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (e) {
          // One front end's bug must not stop the others (or the job that emitted) from going on.
          onListenerError(name, e);
        }
      }
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
