import "./assets/element-P6MLGWA3.js";
