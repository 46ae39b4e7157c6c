#!/usr/bin/env node
import { isQStoreError } from '@qstore/core';
import { DEMO_USAGE, parseDemoOptions } from './demoOptions.js';
import { runDemo } from './runDemo.js';
import { trackingTarget } from './trackingTarget.js';

const argv = process.argv.slice(2);
try {
  const options = parseDemoOptions(argv);
  if (options.help) {
    console.log(DEMO_USAGE);
  } else {
    console.log('Q-Store demo: a hybrid quantum-classical classifier on real data, offline\n');
    await runDemo(options, trackingTarget(argv, process.env), { log: (line) => console.log(line) });
  }
} catch (error) {
  const badCommandLine =
    error instanceof TypeError &&
    String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
  if (!isQStoreError(error) && !badCommandLine) throw error;
  console.error((error as Error).message);
  if (badCommandLine) console.error(DEMO_USAGE);
  process.exitCode = 2;
}
