import type { z } from 'zod';
import { AppError, type Result } from '../../shared/domain/app-error.js';
import {
  invokeContract,
  type InvokeName,
  type InvokeRequestParsed,
  type InvokeResponse,
} from '../../shared/ipc/contract.js';
import type { Logger } from '../logging/logger.js';
import { isTrustedSender, type SenderInfo, type SenderPolicy } from './sender-policy.js';

export type InvokeHandlers = {
  [N in InvokeName]: (
    request: InvokeRequestParsed<N>,
    sender: SenderInfo,
  ) => Promise<InvokeResponse<N>> | InvokeResponse<N>;
};

/** Refusals are warnings (a page poking at the bridge); handler failures are errors. */
export type DispatcherLog = Pick<Logger, 'warn' | 'error'>;

export interface IpcDispatcher {
  /** Answers one call. Never throws: every failure becomes a typed error value. */
  handle(sender: SenderInfo, name: string, payload: unknown): Promise<Result<unknown>>;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
}

function isInvokeName(name: string): name is InvokeName {
  return Object.hasOwn(invokeContract, name);
}

/**
 * The single gate between the renderer and main's services: sender check, request schema check,
 * handler call, response schema check. Kept free of Electron so it is tested under Node and reused
 * verbatim by the browser harness.
 */
export function createIpcDispatcher(handlers: InvokeHandlers, policy: SenderPolicy, log: DispatcherLog): IpcDispatcher {
  return {
    async handle(sender, name, payload) {
      if (!isTrustedSender(sender, policy)) {
        log.warn('IPC call refused: untrusted sender', { channel: name, frame: sender.frameUrl });
        return { ok: false, error: { kind: 'validation', message: 'This window is not allowed to talk to the app.' } };
      }
      if (!isInvokeName(name)) {
        log.warn('IPC call refused: unknown channel', { channel: name.slice(0, 100) });
        return { ok: false, error: { kind: 'validation', message: `Unknown request "${name}".` } };
      }
      const spec = invokeContract[name];
      const parsed = spec.request.safeParse(payload);
      if (!parsed.success) {
        // Where in the payload and what was wrong; never the payload itself (it may hold rows).
        log.warn('IPC call refused: malformed request', { channel: name, issues: describeIssues(parsed.error.issues) });
        return {
          ok: false,
          error: {
            kind: 'validation',
            message: `The request "${name}" was malformed.`,
            detail: describeIssues(parsed.error.issues),
          },
        };
      }
      try {
        const handler = handlers[name] as (req: unknown, s: SenderInfo) => unknown;
        const value = await handler(parsed.data, sender);
        const out = spec.response.safeParse(value);
        if (!out.success) {
          log.error('IPC response broke the contract', new Error(describeIssues(out.error.issues)), { channel: name });
          return {
            ok: false,
            error: { kind: 'internal', message: 'The app produced an unexpected answer. Please report this.' },
          };
        }
        return { ok: true, value: out.data };
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toValue() };
        log.error('IPC handler failed', e, { channel: name });
        return {
          ok: false,
          error: {
            kind: 'internal',
            message: 'Something went wrong inside the app. Please try again; if it keeps happening, report it.',
          },
        };
      }
    },
  };
}
