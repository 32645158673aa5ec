import "./assets/element-E3JQWAPX.js";
