import { describe, expect, it } from 'vitest';
import { parseCliArgs, HELP } from '../../../main/cli/cli-args.js';
import { CliError } from '../../../main/cli/exit-codes.js';

describe('--max-parallel', () => {
  it('takes 1 to 4 calls in flight and is explained in --help', () => {
    expect(parseCliArgs(['import', 'a.xlsx', '--max-parallel', '1']).maxParallel).toBe(1);
    expect(parseCliArgs(['import', 'a.xlsx', '--max-parallel', '4']).maxParallel).toBe(4);
    expect(parseCliArgs(['import', 'a.xlsx']).maxParallel).toBeUndefined();
    expect(HELP).toMatch(/--max-parallel N/);
  });

  it('refuses anything else with a usage error naming the option', () => {
    for (const bad of ['0', '5', '2.5', 'many']) {
      let caught: unknown;
      try {
        parseCliArgs(['import', 'a.xlsx', '--max-parallel', bad]);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(CliError);
      expect((caught as CliError).message).toContain('--max-parallel must be a whole number from 1 to 4');
    }
  });
});
