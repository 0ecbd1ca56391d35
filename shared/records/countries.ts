import { getCountries, getCountryCallingCode, isSupportedCountry, type CountryCode } from 'libphonenumber-js';

export interface CountryChoice {
  code: CountryCode;
  /** The country's English name, e.g. "Germany". */
  name: string;
  /** "+49" */
  callingCode: string;
  /** "Germany (+49)": what a list shows, so nobody has to know a two-letter code. */
  label: string;
}

let cached: CountryChoice[] | null = null;

/** Every country the phone library knows, by English name (A–Z), each with its calling code. */
export function countryChoices(): readonly CountryChoice[] {
  if (cached !== null) return cached;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  cached = getCountries()
    .map((code) => {
      const name = names.of(code) ?? code;
      const callingCode = `+${getCountryCallingCode(code)}`;
      return { code, name, callingCode, label: `${name} (${callingCode})` };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return cached;
}

export function countryByCode(code: string): CountryChoice | null {
  return countryChoices().find((c) => c.code === code) ?? null;
}

/** "Germany (+49)" for a code; the code itself when the library does not know it. */
export function countryLabel(code: string): string {
  return countryByCode(code)?.label ?? code;
}

/**
 * The computer's region from its language tags ("de-DE" → DE, "en-GB" → GB; a bare "de" is
 * maximised to DE), else `fallback`. Only a region the phone library supports is returned.
 */
export function regionFromLocales(locales: readonly string[], fallback: CountryCode = 'US'): CountryCode {
  for (const tag of locales) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region !== undefined && isSupportedCountry(region)) return region;
    } catch {
      // A malformed tag says nothing about the region; try the next.
    }
  }
  return fallback;
}
