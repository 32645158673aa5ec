import "./assets/element-FCSFEQCA.js";
