// Stops `npm run demo` early, in words, on a Node.js older than Hardhat 3 needs. Plain CommonJS with no syntax newer
// than ES2015, so that any Node.js can run it and print the message instead of "bad option".
"use strict";
var parts = process.versions.node.split(".").map(Number);
if (parts[0] < 22 || (parts[0] === 22 && parts[1] < 13)) {
  process.stderr.write(
    "egov-registries needs Node.js 22.13 or later (Hardhat 3 does); this is Node.js " +
      process.versions.node +
      ".\n" +
      "Run `source scripts/use-node22.sh` in this shell (it installs Node 22 from the npm registry into a cache " +
      'folder), then `npm ci` again and `npm run demo`. See "Older Node" in the README.\n',
  );
  process.exit(1);
}
