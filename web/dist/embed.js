import "./assets/element-KHRMVZ6L.js";
