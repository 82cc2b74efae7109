// The message of a cell that tlnb.typeCheckBeforeRun refused to run (typeCheckBeforeRun.ts). Pure.

export const TYPE_CHECK_SETTING = 'typeCheckBeforeRun';

/** The message of a refused cell; `errors` are `line N: message`. Pure. */
export function refusalMessage(errors: readonly string[]): string {
  const count = errors.length === 1 ? 'a type error' : `${errors.length} type errors`;
  return (
    `Not run: this cell has ${count}, and the setting tlnb.${TYPE_CHECK_SETTING} is on.\n` +
    errors.map((e) => `  ${e}`).join('\n') +
    `\nFix ${errors.length === 1 ? 'it' : 'them'} (the squiggles in the cell and the Problems view show where), or turn tlnb.${TYPE_CHECK_SETTING} off to run cells whatever their types.`
  );
}
