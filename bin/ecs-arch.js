#!/usr/bin/env node
import { run } from '../dist/bundle/cli.js';
run(process.argv.slice(2));
