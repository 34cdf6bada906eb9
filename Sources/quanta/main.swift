import Foundation
import QuantaCLI

exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
