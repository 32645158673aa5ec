import "./assets/element-FO2ZRV5S.js";
