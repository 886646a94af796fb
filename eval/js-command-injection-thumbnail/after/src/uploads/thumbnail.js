"use strict";

const path = require("node:path");
const { promisify } = require("node:util");
const exec = promisify(require("node:child_process").exec);

const THUMB_DIR = process.env.THUMB_DIR ?? "/var/lib/app/thumbnails";

/** Writes a `size`×`size` thumbnail of the upload, with the caption below it, and returns its file name. */
async function makeThumbnail(uploadPath, caption, size) {
  const name = `${path.basename(uploadPath)}.png`;
  const target = path.join(THUMB_DIR, name);
  await exec(
    `convert "${uploadPath}" -thumbnail ${size}x${size} -gravity south -annotate +0+4 "${caption}" "${target}"`,
  );
  return name;
}

module.exports = { makeThumbnail };
