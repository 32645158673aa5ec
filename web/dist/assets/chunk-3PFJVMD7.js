import"./chunk-UMI7BJAB.js";import"./chunk-FSDBN2GU.js";import"./chunk-IYWUY3VA.js";
