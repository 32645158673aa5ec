import "./assets/element-LUFZW62K.js";
