import Cognito
import Testing
