"use strict";

const path = require("node:path");
const express = require("express");
const multer = require("multer");
const { makeThumbnail } = require("./thumbnail");

const UPLOAD_DIR = process.env.UPLOAD_DIR ?? "/var/lib/app/uploads";
const upload = multer({ dest: UPLOAD_DIR, limits: { fileSize: 10 * 1024 * 1024 } });

const router = express.Router();

router.post("/images", upload.single("image"), async (req, res, next) => {
  if (!req.file) return res.status(400).json({ error: "no image" });
  try {
    const caption = typeof req.body.caption === "string" ? req.body.caption : "";
    const thumbnail = await makeThumbnail(req.file.path, caption, 256);
    res.status(201).json({ id: path.basename(req.file.path), name: req.file.originalname, thumbnail });
  } catch (error) {
    next(error);
  }
});

module.exports = router;
