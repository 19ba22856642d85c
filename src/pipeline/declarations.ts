/**
 * What the command line declares its options and completions with: the targets, the defaults and
 * the names of the preset profiles. Apart from the pipeline's index (which loads every stage), so
 * that `--help`, completion and a usage error load none of the stages (docs/performance.md, "Start-up").
 */
export { DEFAULT_SCRIPT_DIR } from '../convert/defaults';
export { presetNames } from '../harden/presets';
export { DEFAULT_TARGET, TARGET_ROWS, type TargetEntry } from '../systemd/tables/targets';
export { DEFAULT_UPSTART_VERSION } from '../upstart/versions';
