import type { WaspRecordResult } from '../../shared/domain/job.js';

/**
 * Wasp's WaspResultOfResults, reduced to what the sender needs. Every field is optional on the
 * wire; the parser fills defaults rather than failing, because the only published description is a
 * sample and real answers are known to omit or null fields.
 */
export interface WaspEnvelope {
  /** HasError or HasHttpError was true. */
  hasError: boolean;
  resultList: WaspRecordResult[];
  messages: WaspRecordResult[];
  successfulResults: number | undefined;
  totalResults: number | undefined;
  errorCount: number | undefined;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Case-insensitive property lookup: some .NET serialisers are configured for camelCase. */
function pick(o: Obj, ...names: string[]): unknown {
  for (const n of names) if (n in o) return o[n];
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const k of Object.keys(o)) if (lower.has(k.toLowerCase())) return o[k];
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** Cleans a server string (e.g. cuts the token out) before it is shortened, so a cut cannot split a secret. */
export type TextCleaner = (text: string) => string;
const asIs: TextCleaner = (t) => t;

function str(v: unknown, max: number, clean: TextCleaner): string | undefined {
  let t: string;
  if (typeof v === 'string') t = clean(v);
  else if (typeof v === 'number' || typeof v === 'boolean') t = String(v);
  else return undefined;
  return t.length > max ? t.slice(0, max) : t;
}

/** One WtResult; entries that are not objects are dropped rather than failing the whole answer. */
export function parseRecordResult(v: unknown, clean: TextCleaner = asIs): WaspRecordResult | undefined {
  if (!isObj(v)) return undefined;
  const r: WaspRecordResult = {};
  const message = str(pick(v, 'Message'), 4_096, clean);
  const httpStatusCode = num(pick(v, 'HttpStatusCode'));
  const resultCode = num(pick(v, 'ResultCode'));
  const fieldName = str(pick(v, 'FieldName'), 1_024, clean);
  if (message !== undefined) r.message = message;
  if (httpStatusCode !== undefined) r.httpStatusCode = httpStatusCode;
  if (resultCode !== undefined) r.resultCode = resultCode;
  if (fieldName !== undefined) r.fieldName = fieldName;
  return r;
}

function list(v: unknown, clean: TextCleaner): WaspRecordResult[] {
  if (!Array.isArray(v)) return [];
  const out: WaspRecordResult[] = [];
  for (const item of v) {
    const r = parseRecordResult(item, clean);
    if (r !== undefined) out.push(r);
  }
  return out;
}

const ENVELOPE_KEYS = [
  'data',
  'messages',
  'haserror',
  'hashttperror',
  'hasmessage',
  'batchnumber',
  'totalrecordslongcount',
  'hassuccesswithmoredataremaining',
];

/**
 * Returns null when the value is not recognisably a Wasp envelope (an HTML error page, `{}`, an
 * array): the caller treats that as an unparseable answer, never as success.
 */
export function parseEnvelope(body: unknown, clean: TextCleaner = asIs): WaspEnvelope | null {
  if (!isObj(body)) return null;
  const keys = Object.keys(body).map((k) => k.toLowerCase());
  if (!keys.some((k) => ENVELOPE_KEYS.includes(k))) return null;
  const data = pick(body, 'Data');
  const d: Obj = isObj(data) ? data : {};
  return {
    hasError: bool(pick(body, 'HasError')) || bool(pick(body, 'HasHttpError')),
    resultList: list(pick(d, 'ResultList'), clean),
    messages: list(pick(body, 'Messages'), clean),
    // The published name is misspelt; accept the corrected spelling too in case Wasp fixes it.
    successfulResults: num(pick(d, 'SuccessfullResults', 'SuccessfulResults')),
    totalResults: num(pick(d, 'TotalResults')),
    errorCount: num(pick(d, 'ErrorCount')),
  };
}

export function parseEnvelopeText(text: string, clean: TextCleaner = asIs): WaspEnvelope | null {
  let body: unknown;
  try {
    body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  return parseEnvelope(body, clean);
}

/**
 * A record-level failure: negative ResultCode (failure on the endpoints that document it) or an
 * HttpStatusCode of 300 and above (300 is Wasp's business-logic error). 207 is a warning: saved.
 */
export function isFailedResult(r: WaspRecordResult): boolean {
  if (r.resultCode !== undefined && r.resultCode < 0) return true;
  if (r.httpStatusCode !== undefined && r.httpStatusCode >= 300) return true;
  return false;
}

/** True when anything in the envelope says that some record was not saved. */
export function envelopeReportsErrors(e: WaspEnvelope): boolean {
  if (e.hasError) return true;
  if (e.errorCount !== undefined && e.errorCount > 0) return true;
  if (e.resultList.some(isFailedResult)) return true;
  if (e.successfulResults !== undefined && e.totalResults !== undefined && e.successfulResults < e.totalResults)
    return true;
  return false;
}

/** First human-readable message in the envelope, for batch-level explanations. */
export function envelopeMessage(e: WaspEnvelope): string | undefined {
  for (const m of [...e.messages, ...e.resultList])
    if (m.message !== undefined && m.message.trim() !== '') return m.message;
  return undefined;
}
