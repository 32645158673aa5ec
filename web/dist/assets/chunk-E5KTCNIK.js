import{a}from"./chunk-6VSA55ID.js";import"./chunk-KU5FJGDJ.js";import"./chunk-XFTW67JS.js";import"./chunk-PUJQCVEG.js";import"./chunk-IYWUY3VA.js";export{a as CardView};
