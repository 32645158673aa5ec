import{a}from"./chunk-S634ZSVI.js";import"./chunk-XGBIE7F4.js";import"./chunk-IYWUY3VA.js";export{a as views};
