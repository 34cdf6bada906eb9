import QuantaCLI
