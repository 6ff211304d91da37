// Trunk's post-build hook: writes brotli and gzip copies of the app's text and
// wasm files beside them, so the server sends them precompressed (ServeDir) and
// never compresses per request. Node's own zlib does the compressing.
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("precompress: no TRUNK_STAGING_DIR");
  process.exit(1);
}
const worth = /\.(html|js|mjs|css|wasm|svg|json|txt)$/;

function walk(d) {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (worth.test(name)) {
      const raw = readFileSync(path);
      writeFileSync(
        path + ".br",
        brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
      );
      writeFileSync(path + ".gz", gzipSync(raw, { level: 9 }));
    }
  }
}
walk(dir);
