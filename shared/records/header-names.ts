import type { PhoneField } from '../domain/phone-record.js';
import { editDistance } from './edit-distance.js';

// Abbreviations people type in headers, folded to one word so synonyms stay few.
const TOKEN_ALIASES: Readonly<Record<string, string>> = {
  no: 'number',
  nr: 'number',
  nbr: 'number',
  num: 'number',
  numb: 'number',
  nummer: 'number',
  cust: 'customer',
  cus: 'customer',
  custmr: 'customer',
  acct: 'account',
  acc: 'account',
  tel: 'phone',
  tele: 'phone',
  telephone: 'phone',
  telefon: 'phone',
  telefono: 'phone',
  ph: 'phone',
  phn: 'phone',
  ext: 'extension',
  extn: 'extension',
  ex: 'extension',
  x: 'extension',
  mob: 'mobile',
  cell: 'mobile',
  cellphone: 'mobile',
  ref: 'reference',
  // The languages offices send sheets in (accents are folded away first): German, French, Spanish,
  // Italian, Dutch and Portuguese words and the abbreviations people use for them.
  n: 'number', // "N° client": the degree sign is dropped, the N stays
  nro: 'number',
  numero: 'number',
  kunde: 'customer',
  kunden: 'customer',
  kd: 'customer',
  kdnr: 'customer number',
  kundennummer: 'customer number',
  kundennr: 'customer number',
  kundenid: 'customer id',
  klant: 'customer',
  klantnummer: 'customer number',
  klantnr: 'customer number',
  cliente: 'customer',
  cli: 'customer',
  codice: 'code',
  codigo: 'code',
  cod: 'code',
  debitor: 'debtor',
  debitorennummer: 'debtor number',
  telefonnummer: 'phone number',
  telefonnr: 'phone number',
  rufnummer: 'phone number',
  fon: 'phone',
  telefoon: 'phone',
  telefoonnummer: 'phone number',
  telefone: 'phone',
  telephonique: 'phone',
  durchwahl: 'extension',
  dw: 'extension',
  nebenstelle: 'extension',
  poste: 'extension',
  extensao: 'extension',
  ramal: 'extension',
  interno: 'extension',
  anexo: 'extension',
  toestel: 'extension',
  toestelnummer: 'extension',
  doorkies: 'extension',
  doorkiesnummer: 'extension',
  typ: 'type',
  tipo: 'type',
  soort: 'type',
  art: 'type',
  telefontyp: 'phone type',
  telefonart: 'phone type',
  handy: 'mobile',
  mobil: 'mobile',
  portable: 'mobile',
  movil: 'mobile',
  cellulare: 'mobile',
  celular: 'mobile',
};

// Little words that only join the others ("Numéro de client", "Type de téléphone", "Nummer van de klant").
const JOINING_WORDS: ReadonlySet<string> = new Set([
  'de',
  'du',
  'des',
  'do',
  'da',
  'dos',
  'di',
  'del',
  'della',
  'dell',
  'van',
  'het',
  'le',
  'la',
  'el',
  'd',
  'l',
  'der',
]);

// Romance languages put the qualifier after the noun ("numéro client", "tipo teléfono"): read them in English order.
const REORDERED: Readonly<Record<string, string>> = {
  'number customer': 'customer number',
  'code customer': 'customer code',
  'id customer': 'customer id',
  'number phone': 'phone number',
  'type phone': 'phone type',
  'number extension': 'extension number',
  'phone customer': 'customer phone',
  'number client': 'client number',
  'code client': 'client code',
  'id client': 'client id',
  'reference customer': 'customer reference',
  'reference client': 'customer reference',
};

// Long abbreviations are worth catching misspelt too ("Telephon" for "Telephone").
const LONG_ALIASES = Object.keys(TOKEN_ALIASES).filter((k) => k.length >= 6);

function aliasOf(word: string): string {
  const exact = TOKEN_ALIASES[word];
  if (exact !== undefined) return exact;
  if (word.length >= 6) {
    const near = LONG_ALIASES.find((k) => editDistance(word, k, 1) <= 1);
    if (near !== undefined) return TOKEN_ALIASES[near] as string;
  }
  return word;
}

const NUMBER_SIGNS = /[#№]/g;
const CAMEL = /([a-z0-9])([A-Z])/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * Folds a header to lower-case words with abbreviations expanded: "Cust #" → "customer number",
 * "PhoneTypeName" → "phone type name", "Téléphone" → "phone".
 */
export function normaliseHeader(header: string): string {
  const words = header
    .replace(CAMEL, '$1 $2')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(NUMBER_SIGNS, ' number ')
    .replace(NON_ALNUM, ' ')
    .trim();
  if (words === '') return '';
  const folded = words
    .split(' ')
    .filter((w) => !JOINING_WORDS.has(w))
    .map(aliasOf)
    .join(' ');
  return REORDERED[folded] ?? folded;
}

/** A synonym in normalised form and how sure a match on it makes us (1 = certain). */
export interface Synonym {
  words: string;
  weight: number;
}

const s = (words: string, weight: number): Synonym => ({ words: normaliseHeader(words), weight });

export const FIELD_SYNONYMS: Readonly<Record<PhoneField, readonly Synonym[]>> = {
  CustomerNumber: [
    s('customer number', 1),
    s('customer id', 0.95),
    s('customer code', 0.9),
    s('customer account', 0.9),
    s('customer reference', 0.8),
    s('account number', 0.95),
    s('account', 0.9),
    s('account id', 0.9),
    s('account code', 0.85),
    s('client number', 0.9),
    s('client id', 0.85),
    s('client code', 0.85),
    s('debtor number', 0.8),
    s('customer', 0.7),
    s('client', 0.6),
  ],
  PhoneNumber: [
    s('phone number', 1),
    s('phone', 0.95),
    s('customer phone', 0.9),
    s('customer phone number', 0.95),
    s('contact number', 0.8),
    s('contact phone', 0.85),
    s('main phone', 0.85),
    s('business phone', 0.8),
    s('work phone', 0.8),
    s('mobile number', 0.75),
    s('mobile', 0.6),
  ],
  PhoneExtension: [
    s('extension', 1),
    s('phone extension', 1),
    s('phone number extension', 0.95),
    s('extension number', 0.95),
    s('customer phone extension', 0.95),
  ],
  PhoneTypeName: [
    s('phone type name', 1),
    s('phone type', 1),
    s('customer phone type', 1),
    s('type', 0.85),
    s('type name', 0.85),
    s('number type', 0.9),
    s('phone kind', 0.8),
    s('phone label', 0.8),
    s('phone category', 0.8),
    s('kind', 0.55),
  ],
};
