#!/usr/bin/env node
import { holdOut } from './holdOut.js';
import { twoSpirals } from './spirals.js';
import { summarize } from './summarize.js';

const SEED = 42;
const dataset = holdOut(twoSpirals({ perClass: 100, seed: SEED }), 0.2, SEED);
console.log('Q-Store demo: a seeded dataset, split reproducibly\n');
console.log(summarize(dataset));
