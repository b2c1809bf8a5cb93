#!/usr/bin/env node
// Tandem is written in TypeScript and run from source: tsx compiles it on load, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
