"use strict";

const path = require("node:path");
const express = require("express");
const multer = require("multer");

const UPLOAD_DIR = process.env.UPLOAD_DIR ?? "/var/lib/app/uploads";
const upload = multer({ dest: UPLOAD_DIR, limits: { fileSize: 10 * 1024 * 1024 } });

const router = express.Router();

router.post("/images", upload.single("image"), (req, res) => {
  if (!req.file) return res.status(400).json({ error: "no image" });
  res.status(201).json({ id: path.basename(req.file.path), name: req.file.originalname });
});

module.exports = router;
