// require('Storage') in task code is Espruino's own module, not a file for the bundler to find:
// esbuild would try to resolve it (and fail), so the builds hide such a call under a free global
// name before bundling (a free name is never renamed) and the device build gives it back after.

/** Espruino's built-in modules that task code may require (declared in boards/espruino-api.d.ts). */
export const BOARD_MODULES = ['Storage'];

const HIDDEN = '__frugalRequire';
const CALL = new RegExp('\\brequire(\\s*\\(\\s*)([\'"])(' + BOARD_MODULES.join('|') + ')\\2', 'g');

/** Source text with each require of a board module renamed, so that the bundler leaves it alone. */
export function hideBoardRequires(text: string): string {
  return text.indexOf('require') < 0 ? text : text.replace(CALL, HIDDEN + '$1$2$3$2');
}

/** Bundled text with the board modules' requires back as the board runs them. */
export function restoreBoardRequires(text: string): string {
  return text.indexOf(HIDDEN) < 0 ? text : text.split(HIDDEN).join('require');
}
