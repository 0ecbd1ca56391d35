import { serveParseRequest, type ParseMessage, type ParseRequest } from './parse-session.js';

// Typed by hand: the renderer's lib is DOM, whose `self` is a Window, not a worker scope.
interface WorkerScope {
  onmessage: ((event: { data: ParseRequest }) => void) | null;
  postMessage(message: ParseMessage): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => serveParseRequest(event.data, (message) => scope.postMessage(message));
