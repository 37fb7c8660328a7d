import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../domain/csv/decode.ts';
import type { Parsed } from '../domain/special-measures/config-problems.ts';

/** A configuration file in YAML or JSON (missing fields take their defaults), or InputError naming the file and each bad field. */
export async function readConfigFile<T>(file: string, parse: (input: unknown) => Parsed<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, [{ message: `cannot be read (${error instanceof Error ? error.message : String(error)})` }]);
  }
  let input: unknown;
  try {
    input = parseYaml(text);
  } catch (error) {
    throw new InputError(file, [{ message: `is not YAML or JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const parsed = parse(input ?? {});
  if (!parsed.ok) throw new InputError(file, parsed.problems);
  return parsed.value;
}
