import { eventContract, type EventName, type EventPayload } from '../../shared/ipc/contract.js';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

/**
 * Fans main's events out to whoever shows them (the window in Electron, the page in the harness,
 * the terminal in the CLI). Payloads are parsed through the contract's schema on the way out so a
 * bug cannot push an off-contract object (or a stray secret field) to the renderer.
 */
export function createEventHub(onContractBreak: (message: string) => void = () => {}): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      const parsed = eventContract[name].safeParse(payload);
      if (!parsed.success) {
        onContractBreak(`event ${name} broke the contract: ${parsed.error.issues[0]?.message ?? ''}`);
        return;
      }
      for (const l of listeners) l(name, parsed.data as EventPayload<typeof name>);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
