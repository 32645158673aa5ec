import "./assets/element-CBMNOBBF.js";
