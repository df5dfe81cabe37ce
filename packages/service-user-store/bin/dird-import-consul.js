#!/usr/bin/env node
import '../dist/import-consul-bin.js';
