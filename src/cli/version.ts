/** The package version, read once: `--version` shows it, SARIF logs name it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json is outside rootDir, so not an import
export const VERSION: string = (require('../../package.json') as { version: string }).version;
