// TypeScript has two decorator semantics: the TC39 standard one (TypeScript 5's default) and the
// older `experimentalDecorators` one (decorators called as (target, key, descriptor), parameter
// decorators), which much existing code and documentation uses. A cell is transpiled with the
// standard semantics unless one of these says the notebook uses the older ones:
// - `"experimentalDecorators": true` in the nearest tsconfig.json above the notebook;
// - a cell that names the older decorators' types (PropertyDescriptor, MethodDecorator, ...);
// - a cell with parameter decorators (only the older semantics have them).
// Once a cell needed the older semantics, the rest of the session keeps them (decorators defined
// in one cell are applied in later ones).

import { isRecord } from '../../common/guards';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'jsonc-parser';

const LEGACY_TYPES = /\b(PropertyDescriptor|MethodDecorator|PropertyDecorator|ClassDecorator|ParameterDecorator)\b/;

/** esbuild's error for parameter decorators under the standard semantics. */
export const PARAMETER_DECORATOR_ERROR = /Parameter decorators only work when experimental decorators are enabled/;

export function namesLegacyDecoratorTypes(source: string): boolean {
  return source.includes('@') && LEGACY_TYPES.test(source);
}

/** `compilerOptions.experimentalDecorators` of the nearest tsconfig.json (its `extends` is not followed). */
export function tsconfigWantsLegacyDecorators(fromDir: string): boolean {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, 'tsconfig.json');
    if (existsSync(file)) {
      try {
        const config: unknown = parse(readFileSync(file, 'utf8'));
        return isRecord(config) && isRecord(config.compilerOptions) && config.compilerOptions.experimentalDecorators === true;
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}
