// Models are built from the network types and fed from the data sets.
@_exported import Datasets
@_exported import NeuralNetworks
