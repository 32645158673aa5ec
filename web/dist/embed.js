import "./assets/element-NVDNSMCR.js";
