import{a}from"./chunk-2JLFYHYW.js";import"./chunk-PUJQCVEG.js";import"./chunk-IYWUY3VA.js";export{a as views};
