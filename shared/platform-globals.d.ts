/**
 * The web-platform globals that shared code may use, declared for the shared/ type check only
 * (lib ES2023, no DOM, no Node types): they exist alike in Node, browsers and workers. The other
 * builds exclude this file and get the real declarations from their own libs.
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly origin: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  href: string;
  toString(): string;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

// Timers: a handle object in Node, a number in browsers; shared code only hands it back to clearTimeout.
type TimerHandle = number | { readonly [key: string]: unknown };
declare function setTimeout(handler: () => void, ms?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;
